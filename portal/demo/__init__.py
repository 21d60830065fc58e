"""The portal's demo data for `manage.py load_demo`, drawn from the seed documents (Danish municipal strategies
for social-economy enterprises from Lejre, Roskilde and Slagelse, and a national guide).

Plain data only: portal/demo_loader.py loads it.
"""
