package io.vmnetdiag.lab.topology;

/** What a command run in a lab guest through its agent did. */
public record GuestCommand(int exitCode, String stdout, String stderr) {}
