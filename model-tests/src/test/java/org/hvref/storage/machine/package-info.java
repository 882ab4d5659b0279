/**
 * StorVSC over real VMBus channels of a {@link org.hvref.machine.ReferenceMachine}: the VSP and VSC end to end on
 * raw and VHDX images, in deterministic and concurrent mode, with every run's StorvscProtocol trace validated by TLC.
 */
package org.hvref.storage.machine;
