package org.librarian.config;

import org.librarian.usage.QosLimits;

/**
 * One QoS to report on.
 *
 * @param limits the configured limits, or null to read them from sacctmgr ({@code limits: auto})
 */
public record QosSpec(String name, QosLimits limits) {}
