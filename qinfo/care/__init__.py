"""Student care: household poverty screening and home visits, with photos and GPS."""
