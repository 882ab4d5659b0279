/** Runs the architecture rules. */
package org.hvref.architecture;
