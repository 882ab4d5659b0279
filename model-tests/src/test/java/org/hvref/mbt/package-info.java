/**
 * Generic parts of the state-graph (model-based) tests (tla-practice.md "Model-based tests"): {@link
 * org.hvref.mbt.TlcStateGraph} dumps TLC's complete state graph of a configuration, {@link org.hvref.mbt.StateGraph}
 * parses it and computes an edge cover, {@link org.hvref.mbt.TlaValues} parses TLC's values. The ring, channel and IC
 * model-based tests share them.
 */
package org.hvref.mbt;
