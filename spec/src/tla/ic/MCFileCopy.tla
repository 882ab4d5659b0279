---------------------------- MODULE MCFileCopy ----------------------------
(* Finite bounds for FileCopy: files of 0..2 units, writes of 1 or 2 units. *)
EXTENDS FileCopy

MCSizes == {0, 1, 2}
MCWriteLens == {1, 2}
=============================================================================
