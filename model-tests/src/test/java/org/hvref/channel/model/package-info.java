/**
 * Model-based tests of the VMBus control plane against {@code spec/src/tla/channel/VmbusChannel.tla}: TLC's state
 * graph of {@code MCVmbusChannelMbt.cfg} and random walks of a naive model, replayed in lock step on the Java host
 * and guest cores, every replayed run fed back through trace validation.
 */
package org.hvref.channel.model;
