package io.herald.domain.model.user;

import java.io.Serializable;
import java.util.Objects;

/** The primary key of a {@link Device}: its owner and the SHA-256 of its token ({@link Device#hashOf}). */
public class DeviceKey implements Serializable {

    private static final long serialVersionUID = 1L;

    private String owner;
    private String tokenHash;

    public DeviceKey() {
        // for JPA
    }

    public DeviceKey(String owner, String tokenHash) {
        this.owner = owner;
        this.tokenHash = tokenHash;
    }

    public String getOwner() { return owner; }
    public String getTokenHash() { return tokenHash; }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceKey k && Objects.equals(owner, k.owner) && Objects.equals(tokenHash, k.tokenHash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(owner, tokenHash);
    }

    @Override
    public String toString() {
        return "DeviceKey[owner=" + owner + "]";
    }
}
