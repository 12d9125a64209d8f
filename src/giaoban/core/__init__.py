"""The Qt-free heart of giaoban: tables, database, services, text rules."""
