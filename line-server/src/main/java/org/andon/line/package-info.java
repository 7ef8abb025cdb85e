/**
 * The plant as configured: lines as directed acyclic graphs of stations (each edge runs from a supplier station to its
 * direct internal customer), defect codes, station credentials and people, loaded and validated from a YAML file.
 */
package org.andon.line;
