# Port mistakes Nomad rejects, or that fail only once the job is placed.
job "web" {
  datacenters = ["dc1"]

  group "web" {
    network {
      mode = "Bridge"

      port "http" {
        static = 8080
      }

      port "http" {
        to = 70000
      }

      port "admin" {
        static           = 8080
        ignore_collision = true
      }
    }

    service {
      name = "web"
      port = "htpp"
    }

    task "web" {
      driver = "docker"

      config {
        image = "example/web:1"
        ports = ["http", "metrics"]
      }
    }
  }
}
