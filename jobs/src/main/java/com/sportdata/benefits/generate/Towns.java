package com.sportdata.benefits.generate;

import com.sportdata.benefits.geo.Text;
import java.util.List;

/**
 * Communes around the office in Lattes where the synthetic employees live, with their INSEE code and
 * centroid (facts from La Poste's public postcode base) and a weight for how many employees live there.
 */
final class Towns {
    record Town(String insee, String name, String postcode, double latitude, double longitude, int weight) {
        /** The name as La Poste writes it (upper case, no accents). */
        String postName() {
            return Text.townKey(name);
        }
    }

    static final List<Town> ALL = List.of(
            new Town("34129", "Lattes", "34970", 43.5638594056, 3.90226222861, 16),
            new Town("34172", "Montpellier", "34000", 43.6134409138, 3.86851657896, 14),
            new Town("34172", "Montpellier", "34070", 43.6134409138, 3.86851657896, 9),
            new Town("34172", "Montpellier", "34090", 43.6134409138, 3.86851657896, 6),
            new Town("34198", "Pérols", "34470", 43.5606642689, 3.95175708518, 9),
            new Town("34154", "Mauguio", "34130", 43.5928279472, 4.00425693337, 6),
            new Town("34057", "Castelnau-le-Lez", "34170", 43.6380218809, 3.91265416028, 5),
            new Town("34090", "Le Crès", "34920", 43.6540978695, 3.93608851243, 4),
            new Town("34192", "Palavas-les-Flots", "34250", 43.533536456, 3.92620839566, 4),
            new Town("34337", "Villeneuve-lès-Maguelone", "34750", 43.5249723481, 3.85846205367, 3),
            new Town("34270", "Saint-Jean-de-Védas", "34430", 43.5716282319, 3.83221847952, 3),
            new Town("34123", "Juvignac", "34990", 43.6237646402, 3.79579375182, 2),
            new Town("34077", "Clapiers", "34830", 43.6620192267, 3.88689748204, 2),
            new Town("34095", "Fabrègues", "34690", 43.5344767016, 3.77192951891, 2),
            new Town("34344", "La Grande-Motte", "34280", 43.5685394142, 4.0758328467, 3),
            new Town("34247", "Saint-Clément-de-Rivière", "34980", 43.6860686936, 3.84318936676, 2),
            new Town("34116", "Grabels", "34790", 43.6507076799, 3.79423262021, 2),
            new Town("34327", "Vendargues", "34740", 43.6610457488, 3.96283033113, 2),
            new Town("34301", "Sète", "34200", 43.3917705831, 3.64705148296, 2),
            new Town("34145", "Lunel", "34400", 43.6820481757, 4.13566472301, 2),
            new Town("30189", "Nîmes", "30900", 43.844938394, 4.34806796996, 2),
            new Town("34032", "Béziers", "34500", 43.3475883319, 3.23076754164, 1),
            new Town("34108", "Frontignan", "34110", 43.4482458873, 3.74923522416, 2),
            new Town("34023", "Balaruc-les-Bains", "34540", 43.4469007065, 3.69072086799, 1),
            new Town("34309", "Teyran", "34820", 43.6849602174, 3.92844546049, 1),
            new Town("34217", "Prades-le-Lez", "34730", 43.7072541597, 3.86489213915, 1),
            new Town("34114", "Gignac", "34150", 43.6393937216, 3.57384628868, 1));

    private Towns() {
    }
}
