/** Named ArchUnit rules, one class per topic, aggregated by {@code ArchitectureTest}. */
package org.hvref.architecture.rules;
