package com.sportdata.benefits.geo;

import java.io.Serializable;

/** A WGS84 position in decimal degrees. */
public record GeoPoint(double latitude, double longitude) implements Serializable {
    private static final double EARTH_RADIUS_KM = 6371.0088;

    public GeoPoint {
        if (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180) {
            throw new IllegalArgumentException("not a position: " + latitude + "," + longitude);
        }
    }

    /** Parses La Poste's "lat,lon"; null when blank or malformed. */
    public static GeoPoint parse(String latLon) {
        if (latLon == null || !latLon.contains(",")) {
            return null;
        }
        String[] parts = latLon.split(",");
        try {
            return new GeoPoint(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    /** Great-circle (haversine) distance in km. */
    public double distanceKm(GeoPoint other) {
        double lat1 = Math.toRadians(latitude);
        double lat2 = Math.toRadians(other.latitude);
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(other.longitude - longitude);
        double h = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(lat1) * Math.cos(lat2) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
