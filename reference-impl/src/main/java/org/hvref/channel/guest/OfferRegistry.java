package org.hvref.channel.guest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hvref.channel.protocol.OfferChannel;

/**
 * The live channels by relid and by offer key (interface type, instance, sub-channel index; vmbus-core.md §8, OVMM
 * {@code OfferKey}). A channel stays live from its offer until the guest sends RELID_RELEASED or the connection is
 * unloaded. Not thread-safe: guarded by the client's lock.
 */
final class OfferRegistry {
    /** An offer's identity. */
    record Key(UUID type, UUID instance, int subChannelIndex) {
        static Key of(OfferChannel offer) {
            return new Key(offer.interfaceType(), offer.interfaceInstance(), offer.subChannelIndex());
        }
    }

    private final Map<Integer, GuestChannel> byRelid = new LinkedHashMap<>();
    private final Map<Key, GuestChannel> byKey = new HashMap<>();

    GuestChannel get(int relid) {
        return byRelid.get(relid);
    }

    GuestChannel get(Key key) {
        return byKey.get(key);
    }

    void add(GuestChannel channel) {
        byRelid.put(channel.relid(), channel);
        byKey.put(Key.of(channel.offer), channel);
    }

    void remove(GuestChannel channel) {
        byRelid.remove(channel.relid());
        byKey.remove(Key.of(channel.offer), channel);
    }

    Collection<GuestChannel> channels() {
        return byRelid.values();
    }

    void clear() {
        byRelid.clear();
        byKey.clear();
    }

    /** @return the offers of live channels not rescinded, in offer order */
    List<OfferChannel> liveOffers() {
        List<OfferChannel> offers = new ArrayList<>();
        for (GuestChannel c : byRelid.values()) {
            if (!c.rescinded) {
                offers.add(c.offer);
            }
        }
        return offers;
    }
}
