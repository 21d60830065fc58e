# Danish conventions (Dansk Sprognævn): "kl. 10.00", with a full stop between hours and minutes.
TIME_FORMAT = "H.i"
DATETIME_FORMAT = r"j. F Y \k\l. H.i"
SHORT_DATETIME_FORMAT = "d.m.Y H.i"
