"""The console's screens (Textual modes): F1 help, F2 call, F3 queue, F4 visits, F5 claims,
F6 HelpDesk."""
