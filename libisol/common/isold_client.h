/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * isold_client.h - one request/reply exchange with isold over
 * <rundir>/isold.sock (docs/isold-protocol.md), shared by libisol and the
 * tools.  One connection per request; nothing is printed.
 */
#ifndef ISOL_COMMON_ISOLD_CLIENT_H
#define ISOL_COMMON_ISOLD_CLIENT_H

#include "isold_proto.h"

/*
 * isold_transact - encode @req as @type, send it, decode the reply into
 * @rep.  Returns the reply's status (0 or the daemon's -errno), or
 * -ECONNREFUSED when isold does not run (nothing was sent),
 * -ECONNRESET when the request was sent but no reply came (the daemon
 * closed the connection or died: whether it acted on the request is
 * unknown, and a caller that asked for a change must find out before it
 * asks again), -EPROTO for a reply that does not decode or does not
 * answer this request, another -errno for socket errors.
 */
int isold_transact(union isold_msg *req, uint16_t type, union isold_msg *rep);

#endif
