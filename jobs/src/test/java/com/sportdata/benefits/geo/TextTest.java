package com.sportdata.benefits.geo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TextTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "TimothÃ©e,   Timothée",    // the real file's defect
            "Ã‰lodie,     Élodie",
            "FranÃ§ois,   François",
            "GaÃ«lle,     Gaëlle",
            "Timothée,    Timothée",    // already correct: untouched
            "Ãtre,        Ãtre",        // not a mojibake sequence: untouched
            "Martin,      Martin"})
    void repairs_utf8_read_as_latin1(String broken, String repaired) {
        assertThat(Text.repairMojibake(broken)).isEqualTo(repaired);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "Saint-Clément-de-Rivière,  ST CLEMENT DE RIVIERE",
            "La Grande-Motte,           LA GRANDE MOTTE",
            "Villeneuve-lès-Maguelone,  VILLENEUVE LES MAGUELONE",
            "Sainte-Croix-de-Quintillargues, STE CROIX DE QUINTILLARGUES",
            "Clermont-l'Hérault,        CLERMONT L HERAULT",
            "'  Nîmes  ',               NIMES"})
    void keys_town_names_the_way_la_poste_writes_them(String town, String key) {
        assertThat(Text.townKey(town)).isEqualTo(key);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"Tennis de table, tennisdetable", "VÉLO/Trottinette/autres, velotrottinetteautres", "Runing, runing"})
    void match_keys_ignore_case_accents_and_punctuation(String text, String key) {
        assertThat(Text.matchKey(text)).isEqualTo(key);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"'128 Rue du Port,  34000 Frontignan', '128 rue du port, 34000 frontignan'",
            "'Av. de la Mer, Montpellier', 'av. de la mer, montpellier'"})
    void address_keys_match_the_precomputed_table(String address, String key) {
        assertThat(Text.addressKey(address)).isEqualTo(key);
    }
}
