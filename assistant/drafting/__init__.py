"""Drafting the narrative: the offline drafter from sentence templates, the model drafter
whose every number is verified, revising a part, and a whole report drafted from figures."""
