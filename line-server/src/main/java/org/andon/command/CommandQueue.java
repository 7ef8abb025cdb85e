package org.andon.command;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The commands waiting for the writer, in two lanes. Stops, resumes and calls go in the urgent lane and are taken
 * first: a stop overtakes the hand-offs other senders queued before it (they are checked against the stopped line
 * then, as if they had come a moment later), so it never waits behind a backlog of them. A sender's own earlier
 * commands go with its urgent one, in order: a worker who passed a part and then pulled the cord has passed it.
 */
final class CommandQueue<T> {

	private record Waiting<T>(long arrival, T item) {
	}

	private final ReentrantLock lock = new ReentrantLock();
	private final Condition waiting = lock.newCondition();
	private final ArrayDeque<Waiting<T>> urgent = new ArrayDeque<>();
	private final ArrayDeque<Waiting<T>> normal = new ArrayDeque<>();
	private final int capacity;
	private final Function<T, Object> sender;
	private long arrivals;

	CommandQueue(int capacity, Function<T, Object> sender) {
		this.capacity = capacity;
		this.sender = sender;
	}

	/** Queues a command; false when its lane is full. */
	boolean offer(T item, boolean isUrgent) {
		lock.lock();
		try {
			ArrayDeque<Waiting<T>> lane = isUrgent ? urgent : normal;
			if (lane.size() >= capacity) {
				return false;
			}
			lane.addLast(new Waiting<>(arrivals++, item));
			waiting.signal();
			return true;
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * Waits up to the timeout for a command, then moves into {@code batch} every urgent command (each after its
	 * sender's earlier waiting commands) and as many normal ones as fit in {@code max}. Returns how many it moved.
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
				Waiting<T> u = urgent.pollFirst();
				Object from = sender.apply(u.item());
				for (Iterator<Waiting<T>> it = normal.iterator(); it.hasNext();) {
					Waiting<T> w = it.next();
					if (w.arrival() > u.arrival()) {
						break;
					}
					if (Objects.equals(from, sender.apply(w.item()))) {
						it.remove();
						batch.add(w.item());
						moved++;
					}
				}
				batch.add(u.item());
				moved++;
			}
			while (moved < max && !normal.isEmpty()) {
				batch.add(normal.pollFirst().item());
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
