/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* notify.h - sd_notify(3) without libsystemd: NOTIFY_SOCKET datagrams. */
#ifndef ISOLD_NOTIFY_H
#define ISOLD_NOTIFY_H

/* Send @state ("READY=1", ...) if NOTIFY_SOCKET is set; 0 or -errno
 * (0 also when not running under a service manager). */
int notify_send(const char *state);
/* "RELOADING=1" with the MONOTONIC_USEC that Type=notify-reload wants. */
int notify_reloading(void);

#endif
