package com.sportdata.benefits.silver;

import com.sportdata.benefits.pipeline.TableJob;

import java.util.List;

/** The silver layer's tables, in dependency order (the layer runner orders them into concurrent waves). */
public final class SilverLayer {
    public static final List<TableJob> JOBS = List.of(new SilverEmployees(), new SilverEmployeesHistory(), new SilverSportDeclarations(),
            new SilverPostcodes(), new SilverActivities(), new CommuteDistances(), new IntActivitiesPerEmployeeYear());

    private SilverLayer() {
    }
}
