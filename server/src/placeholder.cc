// Keeps hall_server non-empty until its first sources land.
