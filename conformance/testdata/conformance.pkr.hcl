# Sample configuration for the misbehave test plugin: the components whose
# empty configuration is invalid, or whose values the placeholder check
# must replace with "<unknown>".
post-processor "requires-output" {
  output = "requires-output.out"
}

post-processor "rejects-unknown-placeholder" {
  output = "placeholder.out"
}

post-processor "conf-good" {
  output = "good.out"
  level  = 3
}
