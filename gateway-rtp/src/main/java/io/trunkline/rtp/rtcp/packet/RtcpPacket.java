package io.trunkline.rtp.rtcp.packet;

/**
 * One packet of a compound RTCP datagram (RFC 3550 §6.4-6.6) that the gateway understands. Other packet types
 * (APP, feedback, XR, …) are skipped by their length field when parsing.
 */
public sealed interface RtcpPacket permits SenderReport, ReceiverReport, SourceDescription, Bye {

    /** Packet type of a sender report. */
    int TYPE_SR = 200;
    /** Packet type of a receiver report. */
    int TYPE_RR = 201;
    /** Packet type of a source description. */
    int TYPE_SDES = 202;
    /** Packet type of a goodbye. */
    int TYPE_BYE = 203;
    /** Packet type of an application-defined packet (skipped). */
    int TYPE_APP = 204;

    /** The RTCP packet type (PT field) of this packet. */
    int packetType();
}
