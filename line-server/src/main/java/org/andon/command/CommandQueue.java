package org.andon.command;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The commands waiting for the writer, in two lanes. Stops, resumes and calls go in the urgent lane and are taken
 * first: a stop may overtake the hand-offs waiting before it (they are checked against the stopped line then, as if
 * they had come a moment later), but it never waits behind a backlog of them.
 */
final class CommandQueue<T> {

	private final ReentrantLock lock = new ReentrantLock();
	private final Condition waiting = lock.newCondition();
	private final ArrayDeque<T> urgent = new ArrayDeque<>();
	private final ArrayDeque<T> normal = new ArrayDeque<>();
	private final int capacity;

	CommandQueue(int capacity) {
		this.capacity = capacity;
	}

	/** Queues a command; false when the normal lane is full (the urgent lane takes up to the same number again). */
	boolean offer(T item, boolean isUrgent) {
		lock.lock();
		try {
			ArrayDeque<T> lane = isUrgent ? urgent : normal;
			if (lane.size() >= capacity) {
				return false;
			}
			lane.addLast(item);
			waiting.signal();
			return true;
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * Waits up to the timeout for a command, then moves into {@code batch} every urgent command and as many normal
	 * ones as fit in {@code max}. Returns how many it moved.
	 */
	int drain(List<T> batch, int max, long timeout, TimeUnit unit) throws InterruptedException {
		lock.lock();
		try {
			long nanos = unit.toNanos(timeout);
			while (urgent.isEmpty() && normal.isEmpty()) {
				if (nanos <= 0) {
					return 0;
				}
				nanos = waiting.awaitNanos(nanos);
			}
			int moved = 0;
			while (!urgent.isEmpty()) {
				batch.add(urgent.pollFirst());
				moved++;
			}
			while (moved < max && !normal.isEmpty()) {
				batch.add(normal.pollFirst());
				moved++;
			}
			return moved;
		}
		finally {
			lock.unlock();
		}
	}

	boolean isEmpty() {
		lock.lock();
		try {
			return urgent.isEmpty() && normal.isEmpty();
		}
		finally {
			lock.unlock();
		}
	}
}
