package com.sportdata.benefits.catalog;

/** A table of the lake: its layer and name. Its files live at {@code <lake root>/<layer>/<name>}. */
public record TableId(Layer layer, String name) {

    public TableId {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("table names are snake_case: " + name);
        }
    }

    public String qualifiedName() {
        return layer.folder() + "." + name;
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
