"""The staffing engine behind :mod:`randinspect.assignment` (private: no stable API).

One module per step of randinspect-staff/1 (``docs/assignment.md``):

- ``eligibility``: the places of a team and who may take which (steps 1, 2);
- ``inputs``: the staffing functions' arguments, checked up front;
- ``state``: the working state of one run, its waiting lines and loads (step 3);
- ``certificate``: Hall-type certificates, counted and put in words;
- ``repair``: augmenting paths, and the proof that none exists (step 7);
- ``walk``: tasks and places in order, the walk and swaps (steps 4 to 6);
- ``balance``: evening out loads after swaps and repairs (step 8);
- ``replacement``: the next in draw order after publication (R4.4);
- ``appointment``: a leader the initiating unit appoints from the team (R4.5, 002 §4(4)).

Every module imports only from the ones listed before it and from the
public layers below (``staffing``, ``sampling``, ``model``, ``draw``).
"""
