package org.kvmlocking.kernel;

/** The two task states the protocol uses (TASK_RUNNING, TASK_UNINTERRUPTIBLE). */
public enum TaskState {
    TASK_RUNNING,
    TASK_UNINTERRUPTIBLE
}
