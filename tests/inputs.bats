#!/usr/bin/env bats
# inputs.bats

load helpers/common
