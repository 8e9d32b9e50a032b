#!/usr/bin/env bats
# output.bats

load helpers/common
