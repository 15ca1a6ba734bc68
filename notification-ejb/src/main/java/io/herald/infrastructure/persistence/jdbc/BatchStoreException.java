package io.herald.infrastructure.persistence.jdbc;

import java.sql.SQLException;

/** Storing a batch failed; carries the SQL state so a unique violation can be told apart. */
public class BatchStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BatchStoreException(String message, SQLException cause) {
        super(message, cause);
    }
}
