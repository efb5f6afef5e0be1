package com.sportdata.benefits.geo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class PostalAddressTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "128 Rue du Port, 34000 Frontignan            | 128 Rue du Port      | 34000 | Frontignan",
            "Rue du Ctre, 34160 Saint-Drézéry             | Rue du Ctre          | 34160 | Saint-Drézéry",   // no street number
            "Av. de la Mer, Montpellier                   | Av. de la Mer        | null  | Montpellier",     // no postcode
            "455 route de mendes 34000 Montpellier        | 455 route de mendes  | 34000 | Montpellier",     // no comma
            "199-97 Av. du Pichagret, 34980 Saint-Gély-du-Fesc | 199-97 Av. du Pichagret | 34980 | Saint-Gély-du-Fesc",
            "68 Rue du Port, 34970 Saint-Clément-de-Rivière | 68 Rue du Port     | 34970 | Saint-Clément-de-Rivière", // wrong postcode kept as written
            "somewhere                                    | somewhere            | null  | null",
            "null                                         | null                 | null  | null"})
    void splits_street_postcode_and_town(String raw, String street, String postcode, String town) {
        PostalAddress address = PostalAddress.parse(raw);
        assertThat(address.street()).isEqualTo(street);
        assertThat(address.postcode()).isEqualTo(postcode);
        assertThat(address.town()).isEqualTo(town);
    }
}
