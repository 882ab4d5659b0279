package org.hvref.channel.guest;

/**
 * The guest's spec action names (VmbusChannel.tla; the shared host/guest/spec contract): TLA+ action =
 * {@link org.hvref.trace.SpecAction} value = trace event name. Event fields: {@code r} relid, {@code h} GPADL
 * handle, {@code v} raw version, {@code ok} status, {@code err} the spec's errs tag when the message was dropped.
 */
public final class GuestActions {
    /** TLA+ module. */
    public static final String SPEC = "VmbusChannel";

    /** INITIATE_CONTACT sent {v}. */
    public static final String SEND_INITIATE_CONTACT = "GuestSendInitiateContact";
    /** VERSION_RESPONSE received {v, ok}. */
    public static final String RCV_VERSION_RESPONSE = "GuestRcvVersionResponse";
    /** REQUESTOFFERS sent. */
    public static final String SEND_REQUEST_OFFERS = "GuestSendRequestOffers";
    /** OFFERCHANNEL received {r}. */
    public static final String RCV_OFFER = "GuestRcvOffer";
    /** ALLOFFERS_DELIVERED received. */
    public static final String RCV_ALL_OFFERS_DELIVERED = "GuestRcvAllOffersDelivered";
    /** RESCIND_CHANNELOFFER received {r}. */
    public static final String RCV_RESCIND = "GuestRcvRescind";
    /** RELID_RELEASED sent {r}. */
    public static final String SEND_RELID_RELEASED = "GuestSendRelidReleased";
    /** GPADL_HEADER sent {r, h, n = number of GPADL_BODY fragments that follow}. */
    public static final String SEND_GPADL_HEADER = "GuestSendGpadlHeader";
    /** One GPADL_BODY fragment sent {h}. */
    public static final String SEND_GPADL_BODY = "GuestSendGpadlBody";
    /** GPADL_CREATED received {r, h, ok}. */
    public static final String RCV_GPADL_CREATED = "GuestRcvGpadlCreated";
    /** GPADL_TEARDOWN sent {h}. */
    public static final String SEND_GPADL_TEARDOWN = "GuestSendGpadlTeardown";
    /** GPADL_TORNDOWN received {h}. */
    public static final String RCV_GPADL_TORNDOWN = "GuestRcvGpadlTorndown";
    /** OPENCHANNEL sent {r, h}. */
    public static final String SEND_OPEN_CHANNEL = "GuestSendOpenChannel";
    /** OPENCHANNEL_RESULT received {r, ok}. */
    public static final String RCV_OPEN_RESULT = "GuestRcvOpenResult";
    /** CLOSECHANNEL sent {r}. */
    public static final String SEND_CLOSE_CHANNEL = "GuestSendCloseChannel";
    /** A rescinded open channel closed locally, no message {r}. */
    public static final String CLOSE_RESCINDED_CHANNEL = "GuestCloseRescindedChannel";
    /** UNLOAD sent. */
    public static final String SEND_UNLOAD = "GuestSendUnload";
    /** UNLOAD_RESPONSE received. */
    public static final String RCV_UNLOAD_RESPONSE = "GuestRcvUnloadResponse";
    /** Any other message received while unloading, dropped. */
    public static final String DROP_MESSAGE = "GuestDropMessage";
    /** MODIFYCHANNEL sent {r}. */
    public static final String SEND_MODIFY_CHANNEL = "GuestSendModifyChannel";
    /** MODIFYCHANNEL_RESPONSE received {r, ok}. */
    public static final String RCV_MODIFY_CHANNEL_RESPONSE = "GuestRcvModifyChannelResponse";

    private GuestActions() {
    }
}
