#!/bin/sh
echo 'not a report'
