# Typos in names and types that Nomad rejects at parse time.
job "cache" {
  datacenters = ["dc1"]
  type        = "service"

  group "cache" {
    count = "three"

    netwrok {
      port "db" {
        static = 6379
      }
    }

    task "redis" {
      driver = "docker"
      confg {
        image = "redis:7"
      }
    }
  }
}
