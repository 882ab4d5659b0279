package org.hvref.channel.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.hvref.channel.model.ChannelSpecModel.Action;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link ChannelSpecModel} that no MBT state graph reaches (the Java cores have no subchannels and run
 * every modify version the graphs use), checked step by step against {@code VmbusChannel.tla}: subchannels
 * ({@code PrimaryOf}) in HostSendOffer, HostSendRescind and GuestSendCloseChannel, and MODIFYCHANNEL below
 * {@code ModifyMinVersion}.
 */
class ChannelSpecModelTest {

    private static Action act(String name, int r, int h) {
        return new Action(name, r, h, 0, true);
    }

    private static Action act(String name) {
        return act(name, 0, 0);
    }

    /** Relid 1 offered at start, relid 2 its subchannel; two handles, no bodies, one version. */
    private static ChannelSpecModel.Config subchannelConfig(int modifyMinVersion) {
        return new ChannelSpecModel.Config(2, 2, List.of(1), List.of(0, 1), 1, 1, 0, List.of(1), Set.of(1), Set.of(),
            false, false, false, modifyMinVersion, Math.max(modifyMinVersion, 1), false);
    }

    private static void steps(ChannelSpecModel m, Action... actions) {
        for (Action a : actions) {
            m.step(a);
        }
    }

    /** Connects and takes the initial offers: the guest is ready with relid 1 offered. */
    private static ChannelSpecModel ready(ChannelSpecModel.Config config) {
        ChannelSpecModel m = new ChannelSpecModel(config);
        steps(m, act("GuestSendInitiateContact"), act("HostRcvInitiateContact"), act("GuestRcvVersionResponse"),
            act("GuestSendRequestOffers"), act("HostRcvRequestOffers"), act("GuestRcvOffer"),
            act("GuestRcvAllOffersDelivered"));
        assertEquals("ready", m.gconn());
        assertEquals(1, m.hver());
        return m;
    }

    /** Creates the ring GPADL on handle {@code h} and opens relid {@code r} with it. */
    private static void open(ChannelSpecModel m, int r, int h) {
        steps(m, new Action("GuestSendGpadlHeader", r, h, 0, true), act("HostRcvGpadlHeader"),
            act("GuestRcvGpadlCreated"), act("GuestSendOpenChannel", r, h), act("HostRcvOpenChannel"),
            act("HostSendOpenResult", r, 0), act("GuestRcvOpenResult"));
        assertEquals("open", m.gch(r));
        assertEquals("open", m.hch(r));
    }

    @Test
    void subchannelIsOfferedOnlyWhileItsPrimaryIsOpen() {
        ChannelSpecModel m = ready(subchannelConfig(1));
        assertFalse(m.enabled(act("HostSendOffer", 2, 0)), "subchannel offer with the primary closed");
        open(m, 1, 1);
        assertTrue(m.enabled(act("HostSendOffer", 2, 0)), "subchannel offer with the primary open");
    }

    @Test
    void subchannelIsClosedAndRescindedBeforeItsPrimary() {
        ChannelSpecModel m = ready(subchannelConfig(1));
        open(m, 1, 1);
        steps(m, act("HostSendOffer", 2, 0), act("GuestRcvOffer"));
        open(m, 2, 2);
        assertFalse(m.enabled(act("GuestSendCloseChannel", 1, 0)), "primary close with the subchannel open");
        assertFalse(m.enabled(act("HostSendRescind", 1, 0)), "primary rescind with the subchannel offered");
        assertTrue(m.enabled(act("HostSendRescind", 2, 0)), "subchannel rescind");
        steps(m, act("GuestSendCloseChannel", 2, 0));
        assertTrue(m.enabled(act("GuestSendCloseChannel", 1, 0)), "primary close with the subchannel closed");
        steps(m, act("HostRcvCloseChannel"), act("HostSendRescind", 2, 0));
        assertTrue(m.enabled(act("HostSendRescind", 1, 0)), "primary rescind with the subchannel revoked");
    }

    @Test
    void modifyOnlyFromModifyMinVersion() {
        ChannelSpecModel below = ready(subchannelConfig(2));
        open(below, 1, 1);
        assertFalse(below.enabled(act("GuestSendModifyChannel", 1, 0)), "modify at version 1 < ModifyMinVersion 2");
        ChannelSpecModel from = ready(subchannelConfig(1));
        open(from, 1, 1);
        from.step(act("GuestSendModifyChannel", 1, 0));
        assertTrue(from.gmod(1), "the guest waits for the response from ModifyResponseMinVersion");
    }
}
