package com.sportdata.benefits.run;

/**
 * The run cannot go on because of what it was given (a rejected HR delivery, no HR file at all): exit 1, an
 * alert, never retried — trying again gives the same answer until someone fixes the input.
 */
public class BadInput extends RuntimeException {
    public BadInput(String message) {
        super(message);
    }
}
