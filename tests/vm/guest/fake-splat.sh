#!/bin/sh
# Puts a kernel-style warning line on the console through /dev/kmsg.
echo "<4>WARNING: rtisol harness self-test: fake splat" > /dev/kmsg
