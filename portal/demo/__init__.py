"""Demo data for `manage.py load_demo`, drawn from the seed documents (Danish municipal strategies
for social-economy enterprises from Lejre, Roskilde and Slagelse, and a national guide).

Plain data only: the command in portal/management/commands/load_demo.py does the loading.
"""
