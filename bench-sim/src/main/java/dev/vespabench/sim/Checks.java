package dev.vespabench.sim;

/** Range checks with uniform messages that name the parameter, the bound and the value. */
final class Checks {

    private Checks() {
    }

    static int inRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    name + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    static double inRange(String name, double value, double min, double max) {
        // The negated form also rejects NaN, for which every comparison is false.
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(
                    name + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    static double positive(String name, double value, double max) {
        if (!(value > 0 && value <= max)) {
            throw new IllegalArgumentException(
                    name + " must be greater than 0 and at most " + max + ", got " + value);
        }
        return value;
    }

    static String notBlank(String name, String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank, got '" + value + "'");
        }
        return value;
    }
}
