/** Architecture rules of hvref (ArchUnit) and the TLA+ index they check the code against. */
package org.hvref.architecture;
