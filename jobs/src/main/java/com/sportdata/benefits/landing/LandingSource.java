package com.sportdata.benefits.landing;

/** The folders of the landing zone, under {@code <lake root>/landing/}. */
public enum LandingSource {
    /** HR snapshots, xlsx with the French headers. */
    HR("hr"),
    /** Sport declarations, xlsx. */
    SPORTS("sports"),
    /** Activity files: the business's CSV shape or Strava-shaped JSON lines. */
    ACTIVITIES("activities"),
    /** Optional reference data: precomputed commute distances, La Poste postcode base. */
    REFERENCE("reference");

    private final String folder;

    LandingSource(String folder) {
        this.folder = folder;
    }

    public String folder() {
        return folder;
    }
}
