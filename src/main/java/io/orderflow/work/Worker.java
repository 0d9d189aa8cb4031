package io.orderflow.work;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * One thread of its own that runs a pass of one kind of work every {@code interval} while started, so that slow work of
 * one kind (a mail server answering in 10 s) never holds up another. A pass of a {@link WorkQueue} works off all that
 * is due at its start, batch after batch, so the interval is the pause between passes, not a limit on the pace of a
 * backlog. An enabled worker starts with the application; a disabled one runs only when started explicitly.
 */
public final class Worker implements SmartLifecycle, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    private static final ThreadLocal<Worker> PASSING = new ThreadLocal<>();

    private final String name;
    private final boolean scheduled;
    private final Duration interval;
    private final Runnable pass;
    private final ThreadPoolTaskScheduler thread = new ThreadPoolTaskScheduler();
    private final ReentrantLock running = new ReentrantLock();
    private volatile ScheduledFuture<?> schedule;

    /**
     * @param name      the worker's name, also its thread's
     * @param scheduled whether it starts on its schedule with the application
     */
    public Worker(String name, boolean scheduled, Duration interval, Runnable pass) {
        this.name = name;
        this.scheduled = scheduled;
        this.interval = interval;
        this.pass = pass;
        thread.setPoolSize(1);
        thread.setThreadNamePrefix(name + "-");
        thread.setDaemon(true);
        thread.setWaitForTasksToCompleteOnShutdown(true);
        thread.setAwaitTerminationSeconds(30);
        thread.initialize();
    }

    public String name() {
        return name;
    }

    private void runPass() {
        running.lock();
        PASSING.set(this);
        try {
            pass.run();
        } catch (RuntimeException e) {
            LOG.warn("A pass of {} failed; the next one tries again", name, e);
        } finally {
            PASSING.remove();
            running.unlock();
        }
    }

    /**
     * Whether the worker whose pass runs on the calling thread has been asked to stop: a long pass (a backlog) ends
     * after the batch at hand. False outside a worker's pass.
     */
    static boolean stopping() {
        Worker worker = PASSING.get();
        return worker != null && worker.schedule == null;
    }

    @Override
    public boolean isAutoStartup() {
        return scheduled;
    }

    /** Runs a pass every {@code interval} from now on. */
    @Override
    public synchronized void start() {
        if (schedule == null) {
            schedule = thread.scheduleWithFixedDelay(this::runPass, interval);
        }
    }

    /** Stops the schedule and waits for a pass under way to end. */
    @Override
    public synchronized void stop() {
        if (schedule != null) {
            schedule.cancel(false);
            schedule = null;
        }
        running.lock();
        running.unlock();
    }

    @Override
    public boolean isRunning() {
        return schedule != null;
    }

    @Override
    public void destroy() {
        thread.shutdown();
    }
}
