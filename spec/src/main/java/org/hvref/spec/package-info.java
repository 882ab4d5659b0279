/**
 * The TLC harness: materialises the TLA+ spec tree, runs TLC in a fresh JVM per check, parses its {@code -tool}
 * output into verdicts and counterexamples, and reads the manifest of expected results.
 */
package org.hvref.spec;
