"""12345 work-order service: 首问负责, lifecycle, working-day time limits, audit history."""
