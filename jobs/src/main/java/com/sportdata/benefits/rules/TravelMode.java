package com.sportdata.benefits.rules;

/** How a commute is routed when its distance is measured (the precomputed table's vocabulary). */
public enum TravelMode { WALK, BICYCLE, TRANSIT, DRIVE }
