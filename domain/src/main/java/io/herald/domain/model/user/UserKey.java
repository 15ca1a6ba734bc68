package io.herald.domain.model.user;

import java.io.Serializable;
import java.util.Objects;

/** The primary key of a {@link User}: its owner and the owner's id for it. */
public class UserKey implements Serializable {

    private static final long serialVersionUID = 1L;

    private String owner;
    private String id;

    public UserKey() {
        // for JPA
    }

    public UserKey(String owner, String id) {
        this.owner = owner;
        this.id = id;
    }

    public String getOwner() { return owner; }
    public String getId() { return id; }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserKey k && Objects.equals(owner, k.owner) && Objects.equals(id, k.id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(owner, id);
    }

    /** Names the owner only: the id is the caller's id for a person. */
    @Override
    public String toString() {
        return "UserKey[owner=" + owner + "]";
    }
}
