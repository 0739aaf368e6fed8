"""CP-SAT model building and solving."""
