/** The {@code hvref} command-line tool: model checking, ring images and the demo. */
package org.hvref.cli;
