"""Use cases shared by the GUI and the command line. Each takes an AppContext first."""
