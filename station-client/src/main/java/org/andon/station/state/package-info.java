/**
 * What a station client keeps on its own disk: the outbox of commands not yet answered, the last push sequence
 * number it handled, and the lock that keeps two clients out of one state folder.
 */
package org.andon.station.state;
