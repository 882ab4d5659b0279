/**
 * Model-based test of the Java StorVSC VSP and VSC against {@code storvsc/StorvscProtocol.tla} (tla-practice.md
 * "Model-based tests"): TLC's complete state graph of {@code MCStorvscProtocolMbt.cfg} (the spec restricted to the Java
 * guest's choices), an edge cover and random walks of it, each replayed on the real host and guest in lock step with
 * the abstract state, and every replay's trace validated by TLC.
 */
package org.hvref.storage.model;
